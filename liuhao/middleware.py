from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.utils import translation


class CompressTextMiddleware(GZipMiddleware):
    """Pages (and CSV, JSON, SVG) gzipped: a member list of 50 rows is 60 KB of HTML, 8 KB sent.

    Django's GZipMiddleware, with its defence against BREACH (a secret guessed from how well a
    page compresses around text the attacker reflects into it): every response gets 0–99 random
    bytes in the gzip header, so its length no longer says how well it compressed ("Heal the
    Breach"); the CSRF token in a page is masked afresh on every response; and the session cookie is
    SameSite=Lax, so another site cannot make a signed-in browser fetch liuhao's pages in the
    numbers such a guess needs. PDFs, spreadsheets, Word files and zips are compressed already and
    are sent as they are; static files come compressed from WhiteNoise.
    """

    COMPRESSIBLE = ("text/", "application/json", "image/svg+xml")

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(self.COMPRESSIBLE):
            return response
        return super().process_response(request, response)


class ChosenLanguageMiddleware:
    """Chinese unless the user picked another language with the switcher (language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many union office
    PCs run browsers set to English; liuhao's users expect Chinese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # A worker thread must not carry one user's language into the next request.
            translation.deactivate()
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
