# MfaBot container: build with the SDK, run on the ASP.NET Core runtime as a non-root user.
#   docker build -t mfabot .
#   docker run -p 8080:8080 --env-file mfabot.env mfabot
# Settings are environment variables in ASP.NET Core form (section__key). The image runs Production: it refuses to
# start, one line per missing or unsafe setting, until the README's "Production" settings are given.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so that a code change does not re-download packages.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/MfaBot/MfaBot.csproj src/MfaBot/
COPY src/MfaBot.IamSimulator/MfaBot.IamSimulator.csproj src/MfaBot.IamSimulator/
# linux-x64 so that the publish can precompile (ReadyToRun); the image still uses the shared ASP.NET Core runtime.
RUN dotnet restore src/MfaBot/MfaBot.csproj -r linux-x64 -p:PublishReadyToRun=true
# Only appsettings.json: the Development demo's settings (appsettings.Development.json) never enter the image.
COPY appsettings.json ./
COPY cards/ cards/
COPY src/ src/
# ReadyToRun: the bot's and its packages' code ships precompiled, so a start JITs about 40% fewer methods
# (docs/BENCHMARKS.md, "Start-up and memory").
RUN dotnet publish src/MfaBot/MfaBot.csproj -c Release --no-restore -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# Production: real IAM through the AWS default credential chain (the simulator and its keys are refused), listen on
# all interfaces, state and audit under a volume, JSON logs on stdout.
ENV ASPNETCORE_ENVIRONMENT=Production \
    Urls=http://+:8080 \
    Storage__DataFolder=/var/lib/mfabot \
    Logging__Console__FormatterName=json \
    Logging__Console__FormatterOptions__UseUtcTimestamp=true \
    DOTNET_gcServer=0
RUN mkdir -p /var/lib/mfabot && chown "$APP_UID" /var/lib/mfabot && chmod 0700 /var/lib/mfabot
VOLUME /var/lib/mfabot
# The image's unprivileged 'app' account (the aspnet images define APP_UID).
USER $APP_UID
EXPOSE 8080
# The runtime image has no curl: probe /healthz (live) and /readyz (ready) from the orchestrator instead.
ENTRYPOINT ["dotnet", "MfaBot.dll"]
