# regnav's production server: the site `regnav build` writes, served
# read-only by `regnav serve --production` with /api/search, /mcp and
# /healthz. Multi-stage: the builder compiles regnav and builds the site and
# the search index; the runtime is distroless (glibc, no shell) as a
# non-root user.
#
#   docker build -t regnav .
#   docker run --rm -p 8080:8080 regnav          # http://localhost:8080/
#
# Build arguments: BASE_URL (where the site is published; its path is the
# path served, e.g. https://example.org/regnav/ serves /regnav/) and
# RUST_VERSION. To serve another knowledge base, put its regnav.yaml,
# content/ (and templates/, if any) in place of the repo's before building.

ARG RUST_VERSION=1

FROM rust:${RUST_VERSION}-slim-bookworm AS builder
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY benches benches
COPY templates templates
COPY content content
COPY regnav.yaml regnav.yaml
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked --bin regnav \
    && cp target/release/regnav /usr/local/bin/regnav
# The knowledge base the server answers from, on its own; the site and the
# cached search index are made here so the container starts in a second.
ARG BASE_URL=http://localhost:8080/
RUN mkdir /kb && cp -r regnav.yaml content templates /kb/ \
    && regnav build --quiet --root /kb --out /srv/site --base-url "$BASE_URL" \
    && regnav search --root /kb registration > /dev/null

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=builder /usr/local/bin/regnav /usr/local/bin/regnav
COPY --from=builder /kb /kb
COPY --from=builder /srv/site /srv/site
USER nonroot
EXPOSE 8080
# SIGTERM (docker stop) lets requests in flight finish, then exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/regnav", "serve", "--production", "--root", "/kb", "--out", "/srv/site", "--bind", "0.0.0.0", "--port", "8080"]
