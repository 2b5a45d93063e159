; Every call; the check looks for CORSMiddleware and flask_cors.CORS/cross_origin configurations.
(call) @call
