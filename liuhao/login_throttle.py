"""Failed logins, counted by django-axes twice: per account from one address (AXES_FAILURE_LIMIT)
and per address across every account (LOGIN_ADDRESS_FAILURE_LIMIT), so that one address cannot
try passwords on every account five at a time.

axes counts each set of AXES_LOCKOUT_PARAMETERS but holds them all to the one AXES_FAILURE_LIMIT.
The address-wide set must allow more (a township office shares one address), so its count is
shifted down by the difference before axes compares it: it reaches AXES_FAILURE_LIMIT exactly when
it reaches its own limit.
"""
import datetime
from dataclasses import dataclass

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone


def is_address_wide(parameters) -> bool:
    return ([parameters] if isinstance(parameters, str) else list(parameters)) == ["ip_address"]


@dataclass
class FailureCount:
    address_wide: bool
    failures: int
    limit: int
    last_failure: datetime.datetime | None

    @property
    def locks(self) -> bool:
        return self.failures >= self.limit


class LoginThrottleHandler(AxesDatabaseHandler):
    def failure_counts(self, request, credentials=None) -> list[FailureCount]:
        """Each lockout set's recent failures, with its own limit."""
        per_account = get_failure_limit(request, credentials)
        counts = []
        sets = zip(get_lockout_parameters(request, credentials), self.get_user_attempts(request, credentials))
        for parameters, attempts in sets:
            totals = attempts.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            address_wide = is_address_wide(parameters)
            limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT if address_wide else per_account
            counts.append(FailureCount(address_wide, totals["failures"] or 0, limit, totals["last"]))
        return counts

    def get_failures(self, request, credentials=None) -> int:
        per_account = get_failure_limit(request, credentials)
        return max([0, *(count.failures - (count.limit - per_account) for count in self.failure_counts(request, credentials))])

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login forgives that account's failures from that address only. axes would
        delete every attempt of each lockout set, the address's failures on all other accounts too,
        so that one known password would reopen guessing at every other account."""
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count


def lockout_response(request, original_response=None, credentials=None):
    """The page of a refused login (AXES_LOCKOUT_CALLABLE): which lock holds — this account from
    this address, or this address for every account — and from when a login may be tried again."""
    counts = [count for count in LoginThrottleHandler().failure_counts(request, credentials) if count.locks]
    last_failure = max((count.last_failure for count in counts if count.last_failure), default=timezone.now())
    cool_off = get_cool_off(request)
    context = {
        "address_wide": any(count.address_wide for count in counts),
        "limit": max((count.limit for count in counts), default=get_failure_limit(request, credentials)),
        "minutes": int(cool_off.total_seconds() // 60),
        "retry_at": timezone.localtime(last_failure + cool_off),
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
