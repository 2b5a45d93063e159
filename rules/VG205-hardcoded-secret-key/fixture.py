from flask import Flask

app = Flask(__name__)
# ruleid: VG205
app.config["SECRET_KEY"] = "dev-key-123"
# ruleid: VG205
app.secret_key = b"\x01\x02\x03"
# ruleid: VG205
app.config.update(SECRET_KEY="another-literal", DEBUG=False)
# ok: VG205
app.config["SECRET_KEY"] = load_key()
# ok: VG205
app.config["DATABASE"] = "sqlite:///app.db"
# An empty key is not a secret (Flask refuses to sign with it).
# ok: VG205
app.secret_key = ""
