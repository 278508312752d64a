%% The BEAM side of bridgekit's side-by-side benchmarks (see dev.bridgekit.bench.ErlAnchor).
%%
%% One node per bench run reads commands from stdin, one per line ("call_rtt 100000"), runs
%% each in the command loop process (the caller, like the project side's caller process) and
%% answers with one line on stdout:
%%
%%   @@ ok key=value key=value ...
%%   @@ error <reason>
%%
%% Lines that do not start with "@@ " (a logger report, say) are not answers. Times are measured
%% here with the monotonic clock so that the pipe's latency stays out of them; the harness reads
%% this node's CPU time from /proc around each command. EOF on stdin halts the node, so it never
%% outlives the harness.
-module(bench_anchor).
-behaviour(gen_server).

-export([main/0]).
-export([init/1, handle_call/3, handle_cast/2]).

main() ->
    %% Called by `erl -run`: return at once so init finishes booting; the loop owns stdin.
    spawn(fun start_loop/0),
    ok.

start_loop() ->
    answer({ok, [{os_pid, os:getpid()},
                 {otp, erlang:system_info(otp_release)},
                 {erts, erlang:system_info(version)},
                 {schedulers, erlang:system_info(schedulers_online)},
                 {process_limit, erlang:system_info(process_limit)},
                 {wordsize, erlang:system_info(wordsize)}]}),
    loop().

loop() ->
    case io:get_line('') of
        eof ->
            erlang:halt(0);
        {error, Reason} ->
            io:format(standard_error, "bench_anchor: stdin: ~p~n", [Reason]),
            erlang:halt(1);
        Line ->
            [Name | Args] = string:lexemes(string:trim(Line), " "),
            Result = try
                         command(Name, [list_to_integer(A) || A <- Args])
                     catch
                         Class:Error:Stack ->
                             {error, io_lib:format("~p:~p ~0p", [Class, Error, Stack])}
                     end,
            answer(Result),
            loop()
    end.

answer({ok, Pairs}) ->
    Fields = [io_lib:format(" ~s=~s", [K, value(V)]) || {K, V} <- Pairs],
    io:put_chars(["@@ ok", Fields, $\n]);
answer({error, Text}) ->
    Flat = lists:flatten(Text),
    io:put_chars(["@@ error ", [case C of $\n -> $\s; _ -> C end || C <- Flat], $\n]).

value(V) when is_integer(V) -> integer_to_list(V);
value(V) when is_list(V) -> V;
value(V) when is_atom(V) -> atom_to_list(V).

%% --- commands -------------------------------------------------------------------------------

command("ping", []) ->
    {ok, []};

%% N gen_server:call round trips to a trivial echo server started for the round.
command("call_rtt", [N]) ->
    {ok, Server} = gen_server:start(?MODULE, [], []),
    T0 = erlang:monotonic_time(nanosecond),
    call_loop(Server, N),
    T1 = erlang:monotonic_time(nanosecond),
    gen_server:stop(Server),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% N times: spawn_monitor a process that returns at once, and receive its DOWN.
command("spawn_exit", [N]) ->
    T0 = erlang:monotonic_time(nanosecond),
    spawn_exit_loop(N),
    T1 = erlang:monotonic_time(nanosecond),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% Spawns N processes that each count themselves started (an atomic counter, so that N messages
%% piling up in the caller's mailbox are not what is measured) and block in a receive; answers
%% once all N have started, with the time that took and what erlang:memory(processes) grew by.
%% The processes stay until kill_idle. Their pids are not kept (the caller's heap would count
%% them): kill_idle finds them as the processes that were not there before.
command("spawn_idle", [N]) ->
    put(baseline, erlang:processes()),
    Started = counters:new(1, []),
    garbage_collect(),
    M0 = erlang:memory(processes),
    T0 = erlang:monotonic_time(nanosecond),
    First = spawn_idle(Started, N),
    await_count(Started, N),
    T1 = erlang:monotonic_time(nanosecond),
    garbage_collect(),
    M1 = erlang:memory(processes),
    {memory, OneProcess} = process_info(First, memory),
    {ok, [{ops, N}, {ns, T1 - T0}, {memory_delta, M1 - M0}, {one_process_memory, OneProcess},
          {process_count, erlang:system_info(process_count)}]};

%% Kills every process spawn_idle left and waits until they are gone.
command("kill_idle", []) ->
    Baseline = get(baseline),
    T0 = erlang:monotonic_time(nanosecond),
    Idle = erlang:processes() -- Baseline,
    [exit(P, kill) || P <- Idle],
    await_process_count(length(Baseline)),
    T1 = erlang:monotonic_time(nanosecond),
    Left = length(erlang:processes() -- Baseline),
    {ok, [{killed, length(Idle)}, {left, Left}, {ns, T1 - T0}]};

%% --- distribution rows (dev.bridgekit.bench.dist): the node runs with -name and -setcookie ---

%% Registers `echo` on this node: {From, Msg} is answered with {self(), Msg}.
command("dist_echo_start", []) ->
    case whereis(echo) of
        undefined -> register(echo, spawn(fun dist_echo/0));
        _ -> ok
    end,
    {ok, [{node, node()}]};

%% Connects to target T (the T-th name of -bench_dist_targets) and checks its echo answers.
command("dist_connect", [T]) ->
    Target = dist_target(T),
    true = net_kernel:connect_node(Target),
    {echo, Target} ! {self(), hello},
    receive {_, hello} -> ok after 10000 -> error({no_echo_from, Target}) end,
    {ok, [{node, Target}]};

%% N round trips, one at a time, of a small message to target T's echo.
command("dist_rtt", [T, N]) ->
    Echo = {echo, dist_target(T)},
    T0 = erlang:monotonic_time(nanosecond),
    dist_rtt_loop(Echo, N),
    T1 = erlang:monotonic_time(nanosecond),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% N messages to target T's echo, W of them in flight: a reply lets the next one go.
command("dist_pipelined", [T, N, W]) ->
    Echo = {echo, dist_target(T)},
    First = min(W, N),
    T0 = erlang:monotonic_time(nanosecond),
    [Echo ! {self(), I} || I <- lists:seq(1, First)],
    dist_pipelined_loop(Echo, First, N, N),
    T1 = erlang:monotonic_time(nanosecond),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% N round trips, one at a time, of a binary of Size bytes to target T's echo.
command("dist_big", [T, N, Size]) ->
    Echo = {echo, dist_target(T)},
    Bin = binary:copy(<<"bridgekit">>, Size div 9 + 1),
    Big = binary:part(Bin, 0, Size),
    T0 = erlang:monotonic_time(nanosecond),
    dist_big_loop(Echo, Big, Size, N),
    T1 = erlang:monotonic_time(nanosecond),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% --- ports: erlang:open_port/2 on the same programs the project's ports run ---------------

%% Remembers the port program the other port_* commands open (bridgekit's bk_port_echo, a
%% {packet,N} echo), given as the bytes of its path, since command arguments are integers.
command("port_program", Bytes) when Bytes =/= [] ->
    put(port_program, list_to_binary(Bytes)),
    {ok, [{bytes, length(Bytes)}]};

%% N round trips of a 64-byte {packet,4} packet through one echo port, from this process.
command("port_rtt", [N]) ->
    Port = open_echo(),
    Msg = binary:copy(<<7>>, 64),
    rtt_loop(Port, Msg, 100), % the program runs and is paged in before the clock starts
    T0 = erlang:monotonic_time(nanosecond),
    rtt_loop(Port, Msg, N),
    T1 = erlang:monotonic_time(nanosecond),
    port_close(Port),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% Streams N 64 KiB {packet,4} packets through one echo port, InFlight of them outstanding at
%% any time, until all N came back.
command("port_throughput", [N, InFlight]) ->
    Port = open_echo(),
    Msg = binary:copy(<<7>>, 65536),
    T0 = erlang:monotonic_time(nanosecond),
    stream(Port, Msg, N, 0, 0, InFlight),
    T1 = erlang:monotonic_time(nanosecond),
    port_close(Port),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% N times: open a port on /bin/true with exit_status and receive its exit status.
command("port_spawn", [N]) ->
    T0 = erlang:monotonic_time(nanosecond),
    spawn_true(N),
    T1 = erlang:monotonic_time(nanosecond),
    {ok, [{ops, N}, {ns, T1 - T0}]};

%% Opens N echo ports that stay open and idle until port_idle_close; the harness reads this
%% node's threads and resident memory from /proc meanwhile.
command("port_idle", [N]) ->
    T0 = erlang:monotonic_time(nanosecond),
    Ports = [open_echo() || _ <- lists:seq(1, N)],
    T1 = erlang:monotonic_time(nanosecond),
    put(idle_ports, Ports),
    {ok, [{ops, N}, {ns, T1 - T0}, {port_count, erlang:system_info(port_count)}]};

%% Closes the ports port_idle opened.
command("port_idle_close", []) ->
    Ports = case erase(idle_ports) of undefined -> []; Ps -> Ps end,
    [port_close(P) || P <- Ports],
    {ok, [{closed, length(Ports)}, {port_count, erlang:system_info(port_count)}]};

command(Name, Args) ->
    {error, io_lib:format("unknown command ~s/~b", [Name, length(Args)])}.

dist_echo() ->
    receive
        {From, Msg} -> From ! {self(), Msg};
        _ -> ok
    end,
    dist_echo().

dist_target(T) ->
    {ok, [Names]} = init:get_argument(bench_dist_targets),
    list_to_atom(lists:nth(T, Names)).

dist_rtt_loop(_Echo, 0) -> ok;
dist_rtt_loop(Echo, N) ->
    Echo ! {self(), ping},
    receive {_, ping} -> ok end,
    dist_rtt_loop(Echo, N - 1).

%% Sent: how many went out; Left: how many replies are still due.
dist_pipelined_loop(_Echo, _Sent, _N, 0) -> ok;
dist_pipelined_loop(Echo, Sent, N, Left) ->
    receive {_, I} when is_integer(I) -> ok end,
    case Sent < N of
        true ->
            Echo ! {self(), Sent + 1},
            dist_pipelined_loop(Echo, Sent + 1, N, Left - 1);
        false ->
            dist_pipelined_loop(Echo, Sent, N, Left - 1)
    end.

dist_big_loop(_Echo, _Big, _Size, 0) -> ok;
dist_big_loop(Echo, Big, Size, N) ->
    Echo ! {self(), Big},
    receive {_, B} when byte_size(B) =:= Size -> ok end,
    dist_big_loop(Echo, Big, Size, N - 1).

call_loop(_Server, 0) -> ok;
call_loop(Server, N) ->
    ping = gen_server:call(Server, ping),
    call_loop(Server, N - 1).

spawn_exit_loop(0) -> ok;
spawn_exit_loop(N) ->
    {P, R} = spawn_monitor(fun() -> ok end),
    receive {'DOWN', R, process, P, _} -> ok end,
    spawn_exit_loop(N - 1).

%% Returns the first pid (for process_info) without keeping the others.
spawn_idle(Started, N) ->
    First = spawn(fun() -> idle(Started) end),
    spawn_more(Started, N - 1),
    First.

spawn_more(_Started, 0) -> ok;
spawn_more(Started, N) ->
    spawn(fun() -> idle(Started) end),
    spawn_more(Started, N - 1).

idle(Started) ->
    counters:add(Started, 1, 1),
    receive stop -> ok end.

%% Polls every millisecond: the wait is seconds long, and polling keeps the caller's mailbox empty.
await_count(Counter, N) ->
    case counters:get(Counter, 1) of
        N -> ok;
        _ -> receive after 1 -> await_count(Counter, N) end
    end.

await_process_count(N) ->
    case erlang:system_info(process_count) =< N of
        true -> ok;
        false -> receive after 1 -> await_process_count(N) end
    end.

open_echo() ->
    case get(port_program) of
        undefined -> error(no_port_program_given);
        Path -> open_port({spawn_executable, Path}, [{packet, 4}, binary])
    end.

rtt_loop(_Port, _Msg, 0) -> ok;
rtt_loop(Port, Msg, N) ->
    true = port_command(Port, Msg),
    receive {Port, {data, _}} -> ok end,
    rtt_loop(Port, Msg, N - 1).

%% Sent packets have gone out, Got have come back; at most InFlight are outstanding.
stream(_Port, _Msg, N, _Sent, N, _InFlight) ->
    ok;
stream(Port, Msg, N, Sent, Got, InFlight) when Sent < N, Sent - Got < InFlight ->
    true = port_command(Port, Msg),
    stream(Port, Msg, N, Sent + 1, Got, InFlight);
stream(Port, Msg, N, Sent, Got, InFlight) ->
    receive {Port, {data, D}} when byte_size(D) =:= 65536 -> ok end,
    stream(Port, Msg, N, Sent, Got + 1, InFlight).

spawn_true(0) -> ok;
spawn_true(N) ->
    Port = open_port({spawn_executable, "/bin/true"}, [exit_status]),
    receive {Port, {exit_status, 0}} -> ok end,
    spawn_true(N - 1).

%% --- the echo server ------------------------------------------------------------------------

init([]) -> {ok, nostate}.

handle_call(Message, _From, State) -> {reply, Message, State}.

handle_cast(_Message, State) -> {noreply, State}.
