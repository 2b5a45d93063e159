import base64
import json
import pickle

import yaml
from flask import Flask, request

app = Flask(__name__)


@app.route("/restore", methods=["POST"])
def restore():
    # ruleid: VG608
    state = pickle.loads(base64.b64decode(request.cookies["state"]))
    upload = request.files["model"]
    # ruleid: VG608
    obj = pickle.load(upload)
    # ruleid: VG608
    cfg = yaml.load(request.data, Loader=yaml.Loader)
    # Safe loader.
    # ok: VG608
    cfg2 = yaml.load(request.data, Loader=yaml.SafeLoader)
    # ok: VG608
    cfg3 = yaml.safe_load(request.data)
    # Plain JSON.
    # ok: VG608
    data = json.loads(request.get_data())
    return str((state, obj, cfg, cfg2, cfg3, data))


def load_cache(path):
    with open(path, "rb") as f:
        # Not request data.
        # ok: VG608
        return pickle.load(f)
