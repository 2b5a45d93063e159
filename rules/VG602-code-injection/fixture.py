import ast

from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    # ruleid: VG602
    result = eval(request.args["expr"])
    code = request.form.get("code", "").strip()
    # ruleid: VG602
    exec(code)
    # ruleid: VG602
    compile("x = " + code, "<input>", "exec")
    # Literal evaluation only.
    # ok: VG602
    ast.literal_eval(request.args["expr"])
    # The tainted value is not the code.
    # ok: VG602
    eval("1 + 1", {"x": request.args["x"]})
    # A sanitised number.
    # ok: VG602
    eval("%d * 2" % int(request.args["n"]))
    return str(result)


@app.route("/propagation")
def propagation():
    a, b = request.args["a"], "1"
    # Tuple unpacking, element-wise.
    # ruleid: VG602
    eval(a)
    # ok: VG602
    eval(b)
    x, y = request.form.get("pair").split(",")
    # Unpacking a tainted value taints every target.
    # ruleid: VG602
    eval(y)
    code = "result = "
    code += request.args["rhs"]
    # Augmented assignment.
    # ruleid: VG602
    exec(code)
    if (expr := request.args.get("e")) is not None:
        # Assignment expression.
        # ruleid: VG602
        eval(str(expr))
    # Keyword argument of .format().
    # ruleid: VG602
    eval("{lhs} + 1".format(lhs=request.values["lhs"]))
    payload = request.json or {}
    # Attribute chains and .get() on request data.
    # ruleid: VG602
    eval(payload.get("expr", "0").strip())


def not_a_view(expr):
    # ok: VG602
    return eval(expr)


@app.route("/builtin-names")
def builtin_names():
    # Names of JavaScript object properties are ordinary Python calls, not sinks.
    # ok: VG602
    constructor(request.args["expr"])
    # ok: VG602
    toString(request.args["expr"])
