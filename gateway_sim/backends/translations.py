"""Global translations of the simulated gateway (``system.util.translate``).

Configured per gateway::

    "translations": {"defaultLocale": "en_US",
                     "terms": {"Start": {"es": "Iniciar", "de_DE": "Starten"}}}

A lookup tries the exact locale (``es_MX``), then its language (``es``).
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import threading

from gateway_sim._compat import string_types
from gateway_sim.errors import ConfigError

DEFAULT_LOCALE = "en_US"   # the simulated gateway's locale unless configured (unverified)


class TranslationBackend(object):
    def __init__(self, gateway):
        self.gateway = gateway
        self._lock = threading.Lock()
        self.default_locale = DEFAULT_LOCALE
        self.terms = {}

    def configure(self, section, base_dir=None):
        if not isinstance(section, dict):
            raise ConfigError("translations must be a mapping with defaultLocale and terms",
                              node="translations")
        unknown = sorted(set(section) - set(["defaultLocale", "terms"]))
        if unknown:
            raise ConfigError("unknown key(s) %s; use defaultLocale, terms" % ", ".join(unknown),
                              node="translations")
        locale = section.get("defaultLocale", self.default_locale)
        if not isinstance(locale, string_types) or not locale:
            raise ConfigError("defaultLocale must be a locale code such as \"en_US\"",
                              node="translations.defaultLocale")
        terms = section.get("terms") or {}
        if not isinstance(terms, dict) or not all(isinstance(v, dict) for v in terms.values()):
            raise ConfigError("terms must map each term to {locale: translation}",
                              node="translations.terms")
        with self._lock:
            self.default_locale = locale
            for term, by_locale in terms.items():
                self.terms.setdefault(term, {}).update(
                    (normalize(k), v) for k, v in by_locale.items())

    def lookup(self, term, locale):
        loc = normalize(locale or self.default_locale)
        with self._lock:
            by_locale = self.terms.get(term) or {}
            if loc in by_locale:
                return by_locale[loc]
            return by_locale.get(loc.split("_")[0])

    def store(self, term, translation, locale):
        with self._lock:
            self.terms.setdefault(term, {})[normalize(locale or self.default_locale)] = translation


def normalize(locale):
    """``es-mx`` / ``es_MX`` -> ``es_MX``."""
    parts = str(locale).replace("-", "_").split("_")
    return "_".join([parts[0].lower()] + [p.upper() for p in parts[1:]])
