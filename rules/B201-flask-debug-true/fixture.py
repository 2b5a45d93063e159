from flask import Flask

app = Flask(__name__)

# ruleid: B201
app.run(debug=True)

# Reported on the line of the debug= value.
app.run(
    host="127.0.0.1",
    # ruleid: B201
    debug=True,
)

# The receiver is not resolved: any call ending in `.run` counts once flask is imported.
# ruleid: B201
Flask(__name__).run(port=8080, debug=True)

# ok: B201
app.run(debug=False)

# ok: B201
app.run()

# Not a literal.
# ok: B201
app.run(debug=DEBUG)

# The name must end in ".run".
# ok: B201
app.run_server(debug=True)

# ok: B201
run(debug=True)
