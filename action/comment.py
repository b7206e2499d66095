#!/usr/bin/env python3
"""Keeps one pull-request comment with skewlint's Markdown summary.

The comment is found by a hidden marker (<!-- skewlint -->): the first run
creates it, later runs edit it in place, so a pull request carries one
skewlint comment however often it is pushed. Uses the REST API at
$GITHUB_API_URL with $GITHUB_TOKEN. Used by action.yml (input `comment`).

Environment:
  SKEWLINT_MARKDOWN   the summary (`skewlint check --format markdown=FILE`)
  GITHUB_TOKEN        a token that may write pull-request comments
  GITHUB_API_URL, GITHUB_REPOSITORY, GITHUB_EVENT_PATH (set by the runner)

Exit 0 when the comment is up to date, when there is no pull request to
comment on, or when the token may not comment (HTTP 403: a warning); 1 when
the API fails otherwise (the step fails with an ::error:: annotation).
"""

import json
import os
import sys
import urllib.error
import urllib.request

MARKER = "<!-- skewlint -->"
PER_PAGE = 100


def fail(message):
    print(f"::error title=skewlint comment::{message}")
    sys.exit(1)


def request(method, url, token, body=None):
    data = None if body is None else json.dumps({"body": body}).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/vnd.github+json")
    req.add_header("X-GitHub-Api-Version", "2022-11-28")
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("User-Agent", "skewlint-action")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        detail = e.read().decode(errors="replace")[:300]
        if e.code == 403:
            # Pull requests from forks get a read-only token: the check's own
            # result stands; only the comment is missing.
            print(f"::warning title=skewlint comment::{method} {url}: HTTP 403: the token "
                  "may not write pull-request comments (a pull request from a fork gets a "
                  "read-only token, or the job lacks permissions: pull-requests: write)")
            sys.exit(0)
        fail(f"{method} {url}: HTTP {e.code} {detail}")
    except (urllib.error.URLError, OSError, ValueError) as e:
        fail(f"{method} {url}: {e}")


def pull_request_number(event_path):
    try:
        with open(event_path, encoding="utf-8") as f:
            event = json.load(f)
    except (OSError, ValueError):
        return None
    number = (event.get("pull_request") or {}).get("number")
    return number if isinstance(number, int) else None


def find_comment(api, repo, number, token):
    page = 1
    while True:
        url = f"{api}/repos/{repo}/issues/{number}/comments?per_page={PER_PAGE}&page={page}"
        comments = request("GET", url, token)
        for comment in comments:
            if MARKER in (comment.get("body") or ""):
                return comment["id"]
        if len(comments) < PER_PAGE:
            return None
        page += 1


def main():
    env = os.environ
    markdown_path = env.get("SKEWLINT_MARKDOWN", "")
    if not markdown_path or not os.path.isfile(markdown_path):
        print("::warning title=skewlint comment::no summary was written "
              "(the check did not run to the end); the comment is left as it was")
        return 0
    number = pull_request_number(env.get("GITHUB_EVENT_PATH", ""))
    if number is None:
        print("skewlint: not a pull request event; no comment to keep")
        return 0
    token = env.get("GITHUB_TOKEN", "")
    if not token:
        fail("input github-token is empty; pass ${{ github.token }} with "
             "permissions: pull-requests: write")
    api = env.get("GITHUB_API_URL", "https://api.github.com").rstrip("/")
    repo = env.get("GITHUB_REPOSITORY", "")
    with open(markdown_path, encoding="utf-8") as f:
        body = MARKER + "\n" + f.read()
    existing = find_comment(api, repo, number, token)
    if existing is None:
        created = request("POST", f"{api}/repos/{repo}/issues/{number}/comments", token, body)
        print(f"skewlint: commented on pull request #{number} ({created.get('html_url', '')})")
    else:
        request("PATCH", f"{api}/repos/{repo}/issues/comments/{existing}", token, body)
        print(f"skewlint: updated the comment on pull request #{number}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
