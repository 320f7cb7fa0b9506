"""The embedded round's baselines on a server of their own, with a new project's middleware.

A bare Django view and a naive DRF list are what `django-admin startproject` would serve:
its seven middleware, not the API's stack, so the round compares our whole request with theirs.
"""

from bench.settings import *  # noqa: F403

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
