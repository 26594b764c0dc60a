package io.embedded.gateway.standin;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.embedded.gateway.client.AirbyteConfig;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;

/** Dev mode only: runs the Airbyte stand-in at {@code airbyte.api-url}, so {@code quarkus:dev} works offline. */
@Startup
@Singleton
@IfBuildProfile("dev")
class DevAirbyteStandIn {

    private final AirbyteStandIn standIn;

    DevAirbyteStandIn(AirbyteConfig config) {
        // No journal: nothing reads it in dev mode, and a session may run for days.
        this.standIn = AirbyteStandIn.start(
                StandInOptions.of(config.apiUrl().getPort(), config.clientId(), config.clientSecret()).withoutJournal());
        Log.infof("Airbyte stand-in listening at %s (dev mode only)", standIn.baseUrl());
    }

    @PreDestroy
    void stop() {
        standIn.close();
    }
}
