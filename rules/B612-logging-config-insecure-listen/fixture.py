import logging.config
from logging import config
import logging.config as lc


def verify_config(data):
    return data if data.startswith(b"{") else None


# ruleid: B612
t = logging.config.listen(9999)

# ruleid: B612
config.listen()

# ruleid: B612
lc.listen(port=9020)

# ok: B612
t = logging.config.listen(9999, verify=verify_config)

# ok: B612
logging.config.dictConfig({})

# ok: B612
server.listen(5)
