# Trojan Source: the comment below hides an early return with RLO/LRI/PDI characters.
access_level = "user"

def is_admin():
    return access_level == "admin"

# ok: B613
label = "plain text, no control characters"

# Only the first line with a bidi control character is reported (one issue per file).
# ruleid: B613
if access_level != "user‮ ⁦# Check if admin⁩ ⁦":
    print("You are an admin.")

# A second occurrence is not reported again.
# ok: B613
note = "‏right-to-left mark"
