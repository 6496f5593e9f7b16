"""Request middleware of the whole site."""

from django.middleware.locale import LocaleMiddleware


class BanglaFirstLocaleMiddleware(LocaleMiddleware):
    """Bangla unless the user chose English with the language switch (its cookie). The browser's
    Accept-Language is not consulted: most office computers run browsers set to English, and the product's
    language is Bangla (DESIGN.md section 6)."""

    def process_request(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
