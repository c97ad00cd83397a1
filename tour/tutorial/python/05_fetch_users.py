# The tutorial's fetch_users(), unchanged except that `requests` is replaced
# by a tiny in-process stand-in (this machine has no network, and the
# tutorial's https://api.example.com does not serve users anyway).
class _Response:
    def __init__(self, data):
        self._data = data
    def json(self):
        return self._data

class requests:
    PAGES = {
        "https://api.example.com/users?page=1": {"results": ["ada", "grace"], "next": "https://api.example.com/users?page=2"},
        "https://api.example.com/users?page=2": {"results": ["linus", "guido"], "next": "https://api.example.com/users?page=3"},
        "https://api.example.com/users?page=3": {"results": ["barbara"], "next": None},
    }
    @staticmethod
    def get(url):
        print("GET", url)
        return _Response(requests.PAGES[url])

def fetch_users():
    url = "https://api.example.com/users?page=1"
    while url:
        res = requests.get(url).json()
        for user in res["results"]:
            yield user
        url = res.get("next")

users = fetch_users()
for _ in range(3):
    print(next(users))
users.close()
