from django.contrib.auth.models import User

name = input()

# ruleid: B610
User.objects.extra(where=["name = '%s'" % name])

# ruleid: B610
User.objects.filter(active=True).extra(select={"x": "LENGTH(%s)" % name})

# Positional select (0) and where (1).
# ruleid: B610
User.objects.extra(None, ["id = " + name])

# A variable where clause cannot be checked.
# ruleid: B610
qs.extra(where=clauses)

# tables must be a list of literals too.
# ruleid: B610
qs.extra(tables=[name])

# select must be a dict literal.
# ruleid: B610
qs.extra(select=selects)

# ok: B610
User.objects.extra(where=["name = %s"], params=[name])

# ok: B610
User.objects.extra(select={"is_recent": "pub_date > '2006-01-01'"})

# ok: B610
User.objects.extra(tables=["auth_group"], where=["auth_group.id = 1"])

# params are values, not SQL.
# ok: B610
User.objects.extra(where=["id = %s"], params=[name])

# ok: B610
User.objects.filter(name=name)
