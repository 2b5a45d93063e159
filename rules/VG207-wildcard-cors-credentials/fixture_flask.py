from flask import Flask
from flask_cors import CORS, cross_origin

app = Flask(__name__)
# ruleid: VG207
CORS(app, supports_credentials=True)
# ruleid: VG207
CORS(app, origins="*", supports_credentials=True)
# ok: VG207
CORS(app, origins=["https://app.example.com"], supports_credentials=True)
# ok: VG207
CORS(app)


@app.route("/api")
# ruleid: VG207
@cross_origin(origins=["*"], supports_credentials=True)
def api():
    return "ok"
