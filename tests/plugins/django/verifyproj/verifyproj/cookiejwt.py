"""A JWT read from a cookie (as dj-rest-auth's JWTCookieAuthentication does), documented as an `apiKey`
cookie scheme: a cookie scheme that is not Django's session, which verify must not answer with a session."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework_simplejwt.authentication import JWTAuthentication


class CookieJWTAuthentication(JWTAuthentication):
    def authenticate(self, request):
        raw = request.COOKIES.get("access")
        if raw is None:
            return None
        token = self.get_validated_token(raw)
        return self.get_user(token), token


class CookieJWTScheme(OpenApiAuthenticationExtension):
    target_class = "verifyproj.cookiejwt.CookieJWTAuthentication"
    name = "jwtCookieAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "access"}
