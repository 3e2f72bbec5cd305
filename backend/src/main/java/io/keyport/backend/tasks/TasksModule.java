package io.keyport.backend.tasks;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.identity.IdentityPorts;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Job;
import io.keyport.backend.platform.Platform;
import io.keyport.backend.tasks.api.TasksHttpService;
import io.keyport.backend.tasks.service.TaskAdminService;
import io.keyport.backend.tasks.service.TaskMetrics;
import io.keyport.backend.tasks.service.TaskRunner;
import io.keyport.backend.tasks.service.TaskWorkers;
import io.keyport.backend.tasks.service.TestTaskKinds;
import io.keyport.backend.tasks.store.TaskStore;
import java.util.List;
import java.util.logging.Logger;

/**
 * The durable task queue's workers (a {@link Job}) and its admin API. The queue itself and the
 * registry of handlers that other modules fill are the platform's; the workers read the registry
 * only once started, after every module was built.
 */
public final class TasksModule implements DomainModule {

    private static final Logger LOG = Logger.getLogger(TasksModule.class.getName());

    private final List<HttpService> httpServices;
    private final TaskWorkers workers;

    public TasksModule(Platform p, IdentityPorts identity) {
        if (p.config().tasks().testKinds()) {
            LOG.warning("KEYPORT_TASKS_TEST_KINDS is on: test-only task kinds are registered");
            TestTaskKinds.register(p.taskHandlers());
        }
        TaskStore taskStore = new TaskStore();
        this.workers = new TaskWorkers(
                new TaskRunner(
                        p.db(),
                        taskStore,
                        p.taskHandlers(),
                        p.clock(),
                        p.config().tasks(),
                        TaskWorkers.newOwner()),
                p.taskSignal(),
                p.config().tasks());
        TaskAdminService admin =
                new TaskAdminService(p.db(), taskStore, identity.authorizer(), p.audit(), p.taskSignal(), p.clock());
        TaskMetrics.register(p.metrics(), admin);
        p.openApi().contribute("tasks", "/openapi/tasks.yaml");
        this.httpServices = List.of(new TasksHttpService(admin, identity.authenticator(), p.routes()));
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }

    @Override
    public List<Job> jobs() {
        return List.of(workers);
    }
}
