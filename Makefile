# The README's commands. Maven finds JDK 25 itself (maven-toolchains-plugin); nothing here
# needs JAVA_HOME.
MVN   ?= mvn -B -Dstyle.color=never
ONLY  ?=

.PHONY: demo test bench peers native clean

## demo: build everything and run the examples end to end (no Erlang needed)
demo:
	$(MVN) -q install -DskipTests
	$(MVN) -q -pl examples validate exec:exec@demo

## test: install the real peers the tests need when missing, then run the whole suite
test: peers
	$(MVN) verify

## bench: side-by-side benchmarks against their anchors; ONLY=<prefix> picks metrics
bench: peers
	$(MVN) -q -pl bench -am -Pbench -DskipTests -Dbench.only=$(ONLY) verify

peers:
	./scripts/install-peers.sh

native:
	$(MAKE) -C native

clean:
	$(MVN) -q clean
