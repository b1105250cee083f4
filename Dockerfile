# Portico in a container: built from source with Maven, run on a slim Java 17 runtime as a non-root user.
#
#   docker build -t portico .
#   docker run -d --name portico --stop-timeout 35 \
#     -p 80:8080 -p 443:8443 -p 127.0.0.1:9090:9090 \
#     -e PORTICO_ADMIN_TOKEN=change-me \
#     -v /srv/portico/config:/etc/portico/config -v /srv/portico/certs:/etc/portico/certs:ro \
#     -v /srv/portico/logs:/var/log/portico portico
#
# In the mounted config folder, gateway.properties listens on all addresses of the container
# (listen.http = 0.0.0.0:8080, listen.admin = 0.0.0.0:9090, ...), says tls.certs = ../certs and
# logs.dir = /var/log/portico, and admin.token = ${env:PORTICO_ADMIN_TOKEN}. See docs/operations.md.

# ---- build: the gateway module and what it depends on, tests left to CI
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY gateway/pom.xml gateway/
COPY loadtest/pom.xml loadtest/
# dependencies first, so that a source change does not download them again
RUN mvn -B -q -pl gateway -am dependency:go-offline
COPY gateway/src gateway/src
RUN mvn -B -q -pl gateway -am package -DskipTests

# ---- run
FROM eclipse-temurin:17-jre-jammy
# curl answers the health check; nothing else is added to the runtime image
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 portico \
 && useradd --system --uid 10001 --gid portico --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin portico \
 && mkdir -p /opt/portico /etc/portico/config /etc/portico/certs /var/log/portico \
 && chown portico:portico /etc/portico/config /var/log/portico
COPY --from=build /src/gateway/target/portico.jar /opt/portico/portico.jar

# The config folder must be writable by the portico user: PATCH /api/apps/<app> writes app files back.
VOLUME ["/etc/portico/config", "/etc/portico/certs", "/var/log/portico"]
USER portico:portico
# 8080 visitors (HTTP), 8443 visitors (HTTPS), 3128 egress proxy, 9090 admin (keep it off the internet)
EXPOSE 8080 8443 3128 9090

# /healthz answers while the process runs; /readyz turns 503 while it drains on SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:9090/healthz || exit 1

# SIGTERM drains (up to shutdown.grace, 30 s by default: give docker stop --stop-timeout 35);
# SIGHUP (docker kill --signal HUP portico) reloads the config folder.
STOPSIGNAL SIGTERM
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
            "-jar", "/opt/portico/portico.jar", "run", "--config", "/etc/portico/config"]
