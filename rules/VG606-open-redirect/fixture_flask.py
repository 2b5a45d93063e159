from flask import Flask, redirect, request, url_for

app = Flask(__name__)


@app.route("/go")
def go():
    # ruleid: VG606
    return redirect(request.args["url"])


@app.route("/home")
def home():
    # ok: VG606
    return redirect(url_for("index", tab=request.args.get("tab")))
