# Upper-cases {packet,4} frames from stdin onto stdout. The BEAM's user process already reads
# fd 0, so frames come through :standard_io, switched to raw bytes.
:ok = :io.setopts(:standard_io, binary: true, encoding: :latin1)

defmodule Upcase do
  def loop do
    case IO.binread(:standard_io, 4) do
      <<n::32>> ->
        data = if n == 0, do: "", else: IO.binread(:standard_io, n)
        reply = String.upcase(data)
        IO.binwrite(:standard_io, <<byte_size(reply)::32, reply::binary>>)
        loop()
      :eof ->
        :ok
    end
  end
end

Upcase.loop()
