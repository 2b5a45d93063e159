# vigil-test: {"filename": "tests/conftest.py"}
from flask import Flask

app = Flask(__name__)
# Test code: a fixed key is expected.
# ok: VG205
app.config["SECRET_KEY"] = "testing"
