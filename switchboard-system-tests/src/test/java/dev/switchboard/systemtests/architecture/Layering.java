package dev.switchboard.systemtests.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.library.Architectures.LayeredArchitecture;

/**
 * The layering of DESIGN.md as an ArchUnit rule over a base package, so the same rule checks the
 * real code ({@code dev.switchboard}) and a deliberately broken fixture. Dependencies point
 * downward only:
 *
 * <pre>
 *  samples, cli, benchmarks, systemtests          (nobody depends on these)
 *  broker
 *  load                                           (the load scenarios: bench, bin/load)
 *  client, tasks
 *  store
 *  database
 *  protocol
 *  bus
 *  concurrent
 *  core
 * </pre>
 */
final class Layering {
    private Layering() {}

    static LayeredArchitecture rule(String base) {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .layer("core")
                .definedBy(base + ".core..")
                .layer("concurrent")
                .definedBy(base + ".concurrent..")
                .layer("bus")
                .definedBy(base + ".bus..")
                .layer("protocol")
                .definedBy(base + ".protocol..")
                .layer("database")
                .definedBy(base + ".database..")
                .layer("store")
                .definedBy(base + ".store..")
                .layer("client")
                .definedBy(base + ".client..")
                .layer("tasks")
                .definedBy(base + ".tasks..")
                .layer("broker")
                .definedBy(base + ".broker..")
                .layer("load")
                .definedBy(base + ".load..")
                .layer("cli")
                .definedBy(base + ".cli..")
                .layer("samples")
                .definedBy(base + ".samples..")
                .layer("benchmarks")
                .definedBy(base + ".benchmarks..")
                .whereLayer("cli")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("samples")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("benchmarks")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("broker")
                .mayOnlyBeAccessedByLayers("cli", "samples", "benchmarks")
                .whereLayer("load")
                .mayOnlyBeAccessedByLayers("cli", "samples", "benchmarks")
                .whereLayer("client")
                .mayOnlyBeAccessedByLayers(
                        "tasks", "broker", "load", "cli", "samples", "benchmarks")
                .whereLayer("tasks")
                .mayOnlyBeAccessedByLayers("broker", "cli", "samples", "benchmarks")
                .whereLayer("store")
                .mayOnlyBeAccessedByLayers(
                        "client", "tasks", "broker", "load", "cli", "samples", "benchmarks")
                .whereLayer("database")
                .mayOnlyBeAccessedByLayers(
                        "store",
                        "client",
                        "tasks",
                        "broker",
                        "load",
                        "cli",
                        "samples",
                        "benchmarks")
                .whereLayer("protocol")
                .mayOnlyBeAccessedByLayers(
                        "database",
                        "store",
                        "client",
                        "tasks",
                        "broker",
                        "load",
                        "cli",
                        "samples",
                        "benchmarks")
                .whereLayer("bus")
                .mayOnlyBeAccessedByLayers(
                        "protocol",
                        "database",
                        "store",
                        "client",
                        "tasks",
                        "broker",
                        "load",
                        "cli",
                        "samples",
                        "benchmarks")
                .whereLayer("concurrent")
                .mayOnlyBeAccessedByLayers(
                        "bus",
                        "protocol",
                        "database",
                        "store",
                        "client",
                        "tasks",
                        "broker",
                        "load",
                        "cli",
                        "samples",
                        "benchmarks");
    }
}
