# Answers the router, a body limit or a time limit give before any handler speaks
# (`http-<code>`, by status), and the network's own refusals.

http-unauthorized = sign in first: the token is missing, wrong or expired
http-forbidden = you may not use this
http-not_found = there is nothing at this address
http-method_not_allowed = this address does not take this method
http-request_timeout = the request took too long; nothing was stored. Try again
http-body_too_large = the request body is too large
http-unsupported_media_type = the request body must be JSON, sent with Content-Type: application/json
http-invalid_body = the request does not fit
http-too_many_requests = too many requests; wait a moment and try again
http-headers_too_large = the request headers are too large
http-unavailable = the service is not available just now; nothing was stored. Try again shortly
http-server_error = the server failed; nothing was stored. Try again shortly
http-bad_request = the request is not valid
http-not_utf8 = the file is not UTF-8 text: save it as "CSV UTF-8" and send it again
