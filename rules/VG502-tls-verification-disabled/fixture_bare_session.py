import ssl  # noqa: F401
from requests import Session

http = Session()
# ruleid: VG502
http.verify = False


class Client:
    def __init__(self):
        self.session = Session()
        # ruleid: VG502
        self.session.verify = False
        # ok: VG502
        self.verify = False
