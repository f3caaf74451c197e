# syntax=docker/dockerfile:1
# SPDX-License-Identifier: Apache-2.0
# The assay image. Two targets:
#   docker build -t assay .                 runtime: distroless, no shell (default)
#   docker build --target ci -t assay:ci .  ci: Debian slim with a shell, for CI
#                                           jobs and Kubernetes scripts that loop
# Both run as the numeric user 65532 and start `assay` (ENTRYPOINT, exec form).
# docs/deployment.md describes how to run them.

# Pin the base images by digest in production (`debian:12@sha256:...`).
ARG DEBIAN_IMAGE=debian:12
ARG DEBIAN_SLIM_IMAGE=debian:12-slim
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot

# ---- build: compile and install into /opt/assay ----
FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update \
	&& apt-get install --yes --no-install-recommends \
		build-essential cmake pkg-config liblua5.4-dev libcjson-dev libyaml-dev libdeflate-dev \
	&& rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cmake -S . -B /tmp/build -DCMAKE_BUILD_TYPE=Release -DASSAY_TESTS=OFF \
	&& cmake --build /tmp/build --parallel "$(nproc)" \
	&& cmake --install /tmp/build --prefix /opt/assay --strip \
	&& /opt/assay/bin/assay --version \
	&& /opt/assay/bin/assay plugins
# The run-time libraries for the distroless stage, by soname, with their
# copyright files. /opt/assay/lib is on the RUNPATH of the binary, libassay and
# the plugins, so the loader finds them there.
RUN mkdir -p /runtime/lib /runtime/copyright \
	&& for package in libcjson1 liblua5.4-0 libyaml-0-2 libdeflate0; do \
		dpkg -L "$package" | grep -E '/lib[^/]*\.so\.[0-9]+$' | grep -v 'c++' \
			| xargs -I{} cp -L {} /runtime/lib/ \
		&& cp "/usr/share/doc/$package/copyright" "/runtime/copyright/$package"; \
	done \
	&& ls -l /runtime/lib \
	&& test "$(ls /runtime/lib | wc -l)" -eq 4

# ---- ci: Debian slim with a shell; libraries from Debian's packages ----
FROM ${DEBIAN_SLIM_IMAGE} AS ci
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=https://github.com/example-org/assay
LABEL org.opencontainers.image.title="assay (CI)" \
	org.opencontainers.image.description="Merges container-security scanner reports, gates CI on them and writes reports; with a shell for CI jobs" \
	org.opencontainers.image.version="${VERSION}" \
	org.opencontainers.image.revision="${REVISION}" \
	org.opencontainers.image.source="${SOURCE}" \
	org.opencontainers.image.licenses="Apache-2.0"
RUN apt-get update \
	&& apt-get install --yes --no-install-recommends libcjson1 liblua5.4-0 libyaml-0-2 libdeflate0 \
	&& rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/assay /opt/assay
# assay finds its plugins relative to the real binary, so a symlink on PATH works.
RUN ln -s /opt/assay/bin/assay /usr/local/bin/assay
USER 65532:65532
WORKDIR /work
# assay is a command that runs and exits, not a service: nothing to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/opt/assay/bin/assay"]
CMD ["--help"]

# ---- runtime: distroless, no shell or package manager (the default target) ----
FROM ${RUNTIME_IMAGE} AS runtime
ARG VERSION=0.1.0
ARG REVISION=unknown
ARG SOURCE=https://github.com/example-org/assay
LABEL org.opencontainers.image.title="assay" \
	org.opencontainers.image.description="Merges container-security scanner reports, gates CI on them and writes reports" \
	org.opencontainers.image.version="${VERSION}" \
	org.opencontainers.image.revision="${REVISION}" \
	org.opencontainers.image.source="${SOURCE}" \
	org.opencontainers.image.licenses="Apache-2.0"
COPY --from=build /opt/assay /opt/assay
COPY --from=build /runtime/lib/ /opt/assay/lib/
COPY --from=build /runtime/copyright/ /usr/share/doc/assay-runtime-libraries/
USER 65532:65532
WORKDIR /work
HEALTHCHECK NONE
ENTRYPOINT ["/opt/assay/bin/assay"]
CMD ["--help"]
