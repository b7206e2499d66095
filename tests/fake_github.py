#!/usr/bin/env python3
"""A stand-in for GitHub on 127.0.0.1, for the action's tests.

Serves the files under --root (the release host: GET /v1.2.3/archive) and
the pull-request comment endpoints of the REST API, answering as GitHub does:

  GET   /repos/O/R/issues/N/comments?per_page=&page=   list (paginated)
  POST  /repos/O/R/issues/N/comments                  create -> 201
  PATCH /repos/O/R/issues/comments/ID                 edit   -> 200

Comments live in memory, seeded from --seed (a JSON list of bodies for
pull request 7). Every request is appended to --log as one JSON line
(method, path, authorization, body). The token "read-only" gets HTTP 403
from the API, as a fork's pull request does. The chosen port is written to
--port-file once the server listens.
"""

import argparse
import json
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class State:
    def __init__(self, root, log, seed):
        self.root = root
        self.log = log
        self.comments = {}  # pull request number -> list of comments
        self.next_id = 1000
        for body in seed:
            self.add(7, body, "someone")

    def add(self, number, body, login):
        self.next_id += 1
        comment = {"id": self.next_id, "body": body, "user": {"login": login},
                   "html_url": f"https://github.invalid/pull/{number}#issuecomment-{self.next_id}"}
        self.comments.setdefault(number, []).append(comment)
        return comment


def handler_for(state):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, payload=None, raw=None):
            data = raw if raw is not None else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if raw is None
                             else "application/octet-stream")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def record(self, body):
            entry = {"method": self.command, "path": self.path,
                     "authorization": self.headers.get("Authorization", ""),
                     "body": body}
            with open(state.log, "a", encoding="utf-8") as f:
                f.write(json.dumps(entry) + "\n")

        def read_body(self):
            length = int(self.headers.get("Content-Length", "0"))
            text = self.rfile.read(length).decode() if length else ""
            return json.loads(text) if text else None

        def read_only(self):
            # A fork's pull request gets a token that may not write.
            if self.headers.get("Authorization") != "Bearer read-only":
                return False
            self.reply(403, {"message": "Resource not accessible by integration"})
            return True

        def do_GET(self):
            self.record(None)
            if self.read_only():
                return None
            url = urlparse(self.path)
            m = re.fullmatch(r"/repos/[^/]+/[^/]+/issues/(\d+)/comments", url.path)
            if m:
                query = parse_qs(url.query)
                per_page = int(query.get("per_page", ["30"])[0])
                page = int(query.get("page", ["1"])[0])
                comments = state.comments.get(int(m.group(1)), [])
                return self.reply(200, comments[(page - 1) * per_page:page * per_page])
            path = os.path.normpath(os.path.join(state.root, url.path.lstrip("/")))
            if path.startswith(state.root) and os.path.isfile(path):
                with open(path, "rb") as f:
                    return self.reply(200, raw=f.read())
            return self.reply(404, {"message": "Not Found"})

        def do_POST(self):
            body = self.read_body()
            self.record(body)
            m = re.fullmatch(r"/repos/[^/]+/[^/]+/issues/(\d+)/comments", self.path)
            if not m or not isinstance(body, dict) or "body" not in body:
                return self.reply(422, {"message": "Validation Failed"})
            return self.reply(201, state.add(int(m.group(1)), body["body"], "github-actions[bot]"))

        def do_PATCH(self):
            body = self.read_body()
            self.record(body)
            m = re.fullmatch(r"/repos/[^/]+/[^/]+/issues/comments/(\d+)", self.path)
            for comments in state.comments.values():
                for comment in comments:
                    if m and comment["id"] == int(m.group(1)) and isinstance(body, dict):
                        comment["body"] = body["body"]
                        return self.reply(200, comment)
            return self.reply(404, {"message": "Not Found"})

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--seed", default="")
    args = parser.parse_args()
    seed = json.load(open(args.seed, encoding="utf-8")) if args.seed else []
    state = State(os.path.realpath(args.root), args.log, seed)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    with open(args.port_file + ".tmp", "w", encoding="utf-8") as f:
        f.write(str(server.server_address[1]))
    os.rename(args.port_file + ".tmp", args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
