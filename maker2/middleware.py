"""Middleware about HTTP itself, for every response the site sends."""


class HeadWithoutBodyMiddleware:
    """A HEAD answer has the GET's headers and no body (RFC 9110, 9.3.2).

    Django leaves the body for the server to drop; gunicorn drops it but logs a warning
    each time, which a load balancer probing with HEAD turns into a flood. Outermost, so
    that it sees the body every other middleware made (and its Content-Length).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD":
            return response
        if response.streaming:
            response.streaming_content = []
        else:
            if not response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
