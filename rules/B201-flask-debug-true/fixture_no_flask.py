# Without any import containing "flask", `.run(debug=True)` is not reported.
import subprocess

# ok: B201
server.run(debug=True)

# ok: B201
subprocess.run(["ls"], check=True)
