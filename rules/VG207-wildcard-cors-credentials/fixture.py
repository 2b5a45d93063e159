from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware import Middleware

app = FastAPI()
# ruleid: VG207
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])
# Wildcard without credentials: browsers send no cookies.
# ok: VG207
app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["*"])
# Explicit origins.
# ok: VG207
app.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
middleware = [
    # ruleid: VG207
    Middleware(CORSMiddleware, allow_origins="*", allow_credentials=True),
]
