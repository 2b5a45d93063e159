; Assignments (SECRET_KEY = ..., app.secret_key = ..., app.config["SECRET_KEY"] = ...) and config.update(...) calls.
(assignment) @assign
(call) @call
