#!/bin/bash
# The image's health check: GET /api/v1/health on the local API must answer 200 (the hub answers 503 until
# Camel, its routes and a directory are up). Plain bash (/dev/tcp): the JRE image has no curl or wget.
exec 3<>"/dev/tcp/127.0.0.1/${TONGBAN_API_PORT:-8080}" || exit 1
printf 'GET /api/v1/health HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer %s\r\n\r\n' "${TONGBAN_API_TOKEN:-local-test-token}" >&3
read -r -t 5 status_line <&3 || exit 1
case "$status_line" in
    "HTTP/1."?" 200"*) exit 0 ;;
    *) exit 1 ;;
esac
