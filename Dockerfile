# statuspress in a small image, for hosts and CI systems that run
# containers. Build it from this repository:
#
#   docker build -t statuspress .
#
# and run it on a site folder (the one holding content/) mounted at /site:
#
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" statuspress build
#   docker run --rm -v "$PWD:/site" statuspress check -strict
#   docker run --rm -v "$PWD:/site" -p 1313:1313 statuspress serve -addr 0.0.0.0:1313
#
# The image runs as an unprivileged user; --user makes the files a build
# writes (public/) yours, and lets it write into a folder you own.
#
# The binary is static (no C library) and carries its theme and the time
# zone database, so the final image holds nothing else.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION names the release in `statuspress version`; without it the
# version comes from the build info.
ARG VERSION=
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w${VERSION:+ -X main.version=$VERSION}" -o /statuspress ./cmd/statuspress

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /statuspress /usr/local/bin/statuspress
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/statuspress"]
CMD ["build"]
