# A keyword split over adjacent literals: one str constant to Python, and to Bandit (the file's text never spells
# the keyword whole, so the file check must look across the literals).
def find(cur, uid, table):
    # ruleid: B608
    cur.execute("SEL" "ECT * FROM users WHERE id = %s" % uid)
    # ruleid: B608
    query = ("DEL"  # a comment between the pieces
             'ETE FROM ' + table)
    # ruleid: B608
    other = """UPD""" \
        "ATE users SET name = '%s'" % uid
    # ok: B608
    fine = "SEL" + "ECT * FROM users WHERE id = %s" % uid
    return query, other, fine
