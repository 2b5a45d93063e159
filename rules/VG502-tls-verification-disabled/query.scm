; Attribute assignments: ctx.check_hostname = False, ctx.verify_mode = ssl.CERT_NONE, session.verify = False.
(assignment) @assign
