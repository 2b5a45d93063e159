import jwt

token = "..."
KEY = "..."
# ruleid: VG501
claims = jwt.decode(token, options={"verify_signature": False})
# ruleid: VG501
claims = jwt.decode(token, KEY, verify=False)
# ruleid: VG501
claims = jwt.decode(token, KEY, algorithms=["HS256", "none"])
# ruleid: VG501
header = jwt.decode_complete(token, options=dict(verify_signature=False, verify_exp=False))
# ok: VG501
claims = jwt.decode(token, KEY, algorithms=["HS256"])
# Other checks off, signature still verified.
# ok: VG501
claims = jwt.decode(token, KEY, algorithms=["HS256"], options={"verify_exp": False})
# ok: VG501
unverified_header = jwt.get_unverified_header(token)
