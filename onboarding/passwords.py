"""One-time passwords (一次性密码): generated when the county creates an account or resets its
password, shown once, and replaced by their owner at the first login.

They are hashed with fewer PBKDF2 rounds than the passwords people choose. Rounds make guessing a
weak password slow; a one-time password is not guessed from words but drawn at random, 59 bits
(31^12), so 20 000 rounds still leave an offline search of a stolen hash at thousands of years. A
county's bulk import of 40 accounts then takes a second, where the default hasher (1 000 000
rounds, about 1 s each here) would hold the request for 40 s. At the first login Django re-hashes
the password with the default hasher, and the owner then replaces it anyway.
"""
import secrets

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hashers_by_algorithm, make_password

# Lower-case letters and digits without 0/o, 1/l/i: read off a screen or a sheet of paper and typed.
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
GROUPS, GROUP_LENGTH = 3, 4


def generate() -> str:
    """A new one-time password such as "k7m3-p9qx-4hnt" (the hyphens are part of it)."""
    return "-".join("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))


class OneTimePasswordHasher(PBKDF2PasswordHasher):
    algorithm = "pbkdf2_sha256_onetime"
    iterations = 20_000


def hashed(password: str) -> str:
    """The one-time password's hash (with the site's default hasher where PASSWORD_HASHERS does not
    list the one-time hasher, as in tests that use a fast one)."""
    algorithm = OneTimePasswordHasher.algorithm
    return make_password(password, hasher=algorithm if algorithm in get_hashers_by_algorithm() else "default")
