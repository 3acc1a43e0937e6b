"""A user's stand-in for the Twilio module's system.twilio (used by test_modules)."""
from __future__ import absolute_import, division, print_function

SENT = []


def getAccounts():
    return ["main"]


def sendSms(accountName, fromNumber, toNumber, message):
    SENT.append((accountName, fromNumber, toNumber, message))
