import json


class jwt:
    pass


# jwt is not imported.
# ok: VG501
json.decode = jwt.decode("x", verify=False)
