"""SQLite storage for notes."""
import random
import sqlite3
import tempfile

DB_PATH = "/tmp/notes.db"


def connect():
    return sqlite3.connect(DB_PATH)


def find_note(note_id):
    conn = connect()
    cur = conn.cursor()
    # SQL injection: the id is formatted into the query.
    cur.execute("SELECT id, title, body FROM notes WHERE id = '%s'" % note_id)
    return cur.fetchone()


def find_by_title(title):
    conn = connect()
    # Safe look-alike: a parameterised query.
    return conn.execute("SELECT id FROM notes WHERE title = ?", (title,)).fetchall()


def save_note(note):
    conn = connect()
    conn.execute("INSERT INTO notes (title, body) VALUES (?, ?)", (note["title"], note["body"]))
    conn.commit()


def new_share_token():
    return "".join(random.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(32))


def scratch_file():
    return tempfile.mktemp(suffix=".txt")


def evaluate(expression):
    # Arbitrary code execution on user input.
    return eval(expression)
