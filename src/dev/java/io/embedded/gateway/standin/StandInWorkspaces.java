package io.embedded.gateway.standin;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Airbyte's workspaces as the contract needs them: got-or-created by name when a widget or scoped token is minted. */
final class StandInWorkspaces {

    /** The workspaces that exist now, by name. */
    private final Map<String, String> idsByName = new ConcurrentHashMap<>();
    /** Every workspace ever created, by id, so that sources the widget creates (it knows the id only) find its name. */
    private final Map<String, String> namesById = new ConcurrentHashMap<>();

    /** Get-or-create by name: the same name always yields the same id, even across restarts. */
    String getOrCreate(String name) {
        // A lookup first: every mint asks, and the benchmark's 10,000 users would otherwise cost a digest and a lock each.
        String id = idsByName.get(name);
        if (id == null) {
            id = UUID.nameUUIDFromBytes(("workspace:" + name).getBytes(StandardCharsets.UTF_8)).toString();
            namesById.put(id, name);
            idsByName.put(name, id);
        }
        return id;
    }

    boolean exists(String name) {
        return idsByName.containsKey(name);
    }

    /** The name of the workspace {@code id}, or null when no token was ever minted for it. */
    String nameOf(String id) {
        return namesById.get(id);
    }

    /** As an operator could at Airbyte: source creates answer 404 until a mint recreates the workspace. */
    void deleteAll() {
        idsByName.clear();
    }
}
