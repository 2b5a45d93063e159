/**
 * The Python text the keystroke warm-up edits (lsp/warmup.ts). Written for the purpose, not taken from a project:
 * the common shapes of application code (imports, a class of methods, calls through attributes, strings of every
 * kind, comprehensions, try/with, decorators, comments between and inside statements, a `# nosec`) and a few
 * findings, so that the warm-up runs the same code paths as typing in a real file, finding bookkeeping included.
 */
export const WARMUP_SAMPLE = `"""Order service: a sample for warming up the analysis (never run)."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
from typing import Any, Dict, List, Optional

import requests
import yaml

# Module settings: read once at import time.
LOG = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 30  # seconds
API_URL = "https://orders.example.invalid/api/v1"


def load_settings(path: str) -> Dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return {key.lower(): value for key, value in (data or {}).items()}


def checksum(payload: bytes) -> str:
    digest = hashlib.sha256(payload).hexdigest()
    legacy = hashlib.md5(payload).hexdigest()
    LOG.debug("checksum %s (legacy %s)", digest, legacy)
    return digest


class OrderError(Exception):
    """Raised when an order cannot be processed."""


class OrderService:
    """Keeps orders and talks to the remote API."""

    retries = 3
    # The session is shared by every request of the service.

    def __init__(self, session: Optional[requests.Session] = None, timeout: int = DEFAULT_TIMEOUT) -> None:
        self.session = session or requests.Session()
        self.timeout = timeout
        self.cache: Dict[str, Dict[str, Any]] = {}
        self.pending: List[str] = []

    @property
    def size(self) -> int:
        return len(self.cache)

    def fetch(self, order_id: str) -> Dict[str, Any]:
        if order_id in self.cache:
            return self.cache[order_id]
        url = f"{API_URL}/orders/{order_id}"
        # A few attempts: the API drops connections under load.
        for attempt in range(self.retries):
            try:
                response = self.session.get(url, timeout=self.timeout)
                response.raise_for_status()
            except requests.RequestException as exc:
                LOG.warning("fetch %s failed (attempt %d): %s", order_id, attempt + 1, exc)
                continue
            order = response.json()
            self.cache[order_id] = order
            return order
        raise OrderError(f"cannot fetch order {order_id}")

    def find(self, cursor: Any, customer: str) -> List[Dict[str, Any]]:
        query = "SELECT id, total FROM orders WHERE customer = '%s'" % customer
        cursor.execute(query)
        rows = cursor.fetchall()
        return [{"id": row[0], "total": row[1]} for row in rows if row[1] is not None]

    def export(self, order_id: str, target: str) -> int:
        order = self.fetch(order_id)
        text = json.dumps(order, indent=2, sort_keys=True)
        path = os.path.join(target, "order-%s.json" % order_id)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)
        return len(text)

    def archive(self, directory: str) -> str:
        name = os.path.basename(directory.rstrip("/"))
        result = subprocess.run(["tar", "czf", name + ".tgz", directory], check=True, capture_output=True)  # nosec B603 B607
        LOG.info("archived %s: %s", directory, result.returncode)
        return name + ".tgz"

    def notify(self, address: str, message: str) -> None:
        command = "mail -s 'order update' %s" % address
        subprocess.call(command, shell=True)
        LOG.info("notified %s: %s", address, message[:40])

    def totals(self, orders: List[Dict[str, Any]]) -> Dict[str, float]:
        totals: Dict[str, float] = {}
        for order in orders:
            customer = order.get("customer", "unknown")
            amount = float(order.get("total", 0))
            totals[customer] = totals.get(customer, 0.0) + amount
        return dict(sorted(totals.items(), key=lambda item: item[1], reverse=True))

    def retry_pending(self) -> int:
        done = 0
        while self.pending:
            order_id = self.pending.pop()
            try:
                self.fetch(order_id)
            except OrderError:
                LOG.exception("giving up on %s", order_id)
            else:
                done += 1
        return done

    # Reporting helpers follow.


def connect(user: str = "orders", password: str = "changeme") -> Dict[str, str]:
    settings = load_settings(os.environ.get("ORDER_SETTINGS", "settings.yaml"))
    host = settings.get("host", "localhost")
    return {"user": user, "password": password, "host": host}


def main(argv: Optional[List[str]] = None) -> int:
    args = argv if argv is not None else []
    service = OrderService()
    if not args:
        LOG.error("usage: orders ORDER_ID [TARGET]")
        return 2
    target = args[1] if len(args) > 1 else os.getcwd()
    size = service.export(args[0], target)
    print(f"wrote {size} bytes for order {args[0]!r} to {target}")
    return 0
`;
