import urllib.request

import httpx
import requests
from flask import Flask, request

app = Flask(__name__)


@app.route("/preview")
def preview():
    url = request.args["url"]
    # ruleid: VG605
    r = requests.get(url, timeout=5)
    # ruleid: VG605
    httpx.post(url=request.form["hook"], json={})
    # The host is chosen by the client.
    # ruleid: VG605
    urllib.request.urlopen("http://" + request.args["host"] + "/status")
    # ruleid: VG605
    requests.request("GET", f"{request.args['base']}/v1/items", timeout=5)
    # Scheme and host fixed: only the path is client data.
    # ok: VG605
    requests.get(f"https://api.example.com/users/{request.args['uid']}", timeout=5)
    # Request data in the parameters, not the URL.
    # ok: VG605
    requests.get("https://api.example.com/search", params={"q": request.args["q"]}, timeout=5)
    return r.text


@app.route("/fetch")
def fetch():
    target = request.args.get("target", "")
    if not target.startswith("https://cdn.example.com/"):
        return "no", 400
    # Validated.
    # ok: VG605
    return requests.get(target, timeout=5).text


def fetch_url(url):
    # ok: VG605
    return requests.get(url, timeout=5)
