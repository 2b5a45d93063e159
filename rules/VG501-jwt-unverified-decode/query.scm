; Every call; the check keeps PyJWT jwt.decode() in files importing jwt.
(call) @call
