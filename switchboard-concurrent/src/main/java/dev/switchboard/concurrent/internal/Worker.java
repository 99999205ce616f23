package dev.switchboard.concurrent.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A platform thread of a {@link PlatformLane}: takes jobs (own queues first, then stealing), spins
 * briefly when there are none, then parks until a submitter wakes it. See {@link PlatformLane} for
 * the parking protocol. Owned by itself; {@link #wake()} may be called from any thread.
 */
final class Worker extends Thread {
    private static final int AWAKE = 0;
    private static final int PARKED = 1;

    /** Scans with {@link Thread#onSpinWait()} in between, then with {@link Thread#yield()}. */
    private static final int SPIN_SCANS = 32;

    private static final int YIELD_SCANS = 8;

    private static final VarHandle PARK_STATE;

    static {
        try {
            PARK_STATE = MethodHandles.lookup().findVarHandle(Worker.class, "parkState", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final PlatformLane lane;
    final int index;

    @SuppressWarnings("unused") // accessed through PARK_STATE
    private volatile int parkState;

    Worker(PlatformLane lane, int index, String name, boolean daemon) {
        super(name);
        this.lane = lane;
        this.index = index;
        setDaemon(daemon);
    }

    @Override
    public void run() {
        PlatformLane l = lane;
        RunState rs = l.runState;
        JobPicker picker = l.picker;
        ScanTurn turn = new ScanTurn();
        boolean searching = false;
        int idleScans = 0;
        try {
            for (; ; ) {
                int state = rs.get();
                if (state >= RunState.STOP) {
                    return;
                }
                // The state is read before the scan, and an exit after SHUTDOWN needs every queue
                // empty by its indices (hasWork): a relaxed poll also comes back empty at a slot a
                // submitter has claimed but not yet filled, and jobs queued behind that slot were
                // accepted.
                Object taken = picker.next(index, turn);
                if (taken != null) {
                    if (searching) {
                        searching = false;
                        l.searcherFoundWork();
                    }
                    idleScans = 0;
                    l.runTaken(taken);
                    if (Thread.interrupted() && rs.get() >= RunState.STOP) {
                        return;
                    }
                    continue;
                }
                if (state >= RunState.SHUTDOWN && !picker.hasWork()) {
                    return;
                }
                if (!searching) {
                    searching = true;
                    l.searching.incrementAndGet();
                }
                if (idleScans < SPIN_SCANS) {
                    idleScans++;
                    Thread.onSpinWait();
                } else if (idleScans < SPIN_SCANS + YIELD_SCANS) {
                    idleScans++;
                    Thread.yield();
                } else {
                    idleScans = 0;
                    park();
                    // Back as a searcher: either a waker counted us, or we did in park().
                }
            }
        } finally {
            if (searching) {
                l.searching.decrementAndGet();
            }
            l.workerExited();
        }
    }

    /** Called as a searcher; returns as a searcher. */
    private void park() {
        PlatformLane l = lane;
        PARK_STATE.setVolatile(this, PARKED);
        l.parked.incrementAndGet();
        l.searching.decrementAndGet();
        if (l.picker.retireEmptyLevels() || !l.runState.isRunning()) {
            unparkSelf();
            return;
        }
        while ((int) PARK_STATE.getVolatile(this) == PARKED) {
            LockSupport.park(l);
            if (!l.runState.isRunning()) {
                unparkSelf();
                return;
            }
            // A stray interrupt would make park() return at once, forever: drop it.
            Thread.interrupted();
        }
    }

    /** Leaves the parked state on our own; if a waker got there first it already counted us. */
    private void unparkSelf() {
        if (PARK_STATE.compareAndSet(this, PARKED, AWAKE)) {
            lane.parked.decrementAndGet();
            lane.searching.incrementAndGet();
        }
    }

    /**
     * Wakes this worker if it is parked, handing it searcher status.
     *
     * @return whether this call woke it
     */
    boolean wake() {
        if ((int) PARK_STATE.getVolatile(this) == PARKED
                && PARK_STATE.compareAndSet(this, PARKED, AWAKE)) {
            lane.searching.incrementAndGet();
            lane.parked.decrementAndGet();
            LockSupport.unpark(this);
            return true;
        }
        return false;
    }
}
