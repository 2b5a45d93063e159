import os
from flask import Flask

app = Flask(__name__)
# ruleid: VG205
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
# ruleid: VG205
app.secret_key = os.environ["SECRET_KEY"]
# ruleid: VG205
app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], DEBUG=False)
# ok: VG205
app.config["SECRET_KEY"] = load_key()
# ok: VG205
app.config["DATABASE"] = "sqlite:///app.db"
# An empty key is not a secret (Flask refuses to sign with it).
# ok: VG205
app.secret_key = ""
