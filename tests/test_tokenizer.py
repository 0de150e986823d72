import pytest

from tokenizer import CustomTokenizer, SPECIAL_TOKENS, chat_text, parse_chat_line

TEXTS = ["G'day mate, how are you going?", "Colours of the rainbow: red, orange, yellow.",
         "Numbers 12 + 7 = 19", "Kangaroos and wombats live in Australia."] * 20


@pytest.fixture(scope="module")
def tok():
    return CustomTokenizer().train(iter(TEXTS), vocab_size=400, min_frequency=1)


@pytest.mark.parametrize("text", ["", "plain words", "  leading and trailing  ", "tabs\tand\nnewlines\r\n",
                                  "emoji 🙂 and accents é ü ñ and 日本語", "<EOT> <USR>typed<ASSIST> <PAD>",
                                  "\x00 control \x7f bytes", "a" * 500])
def test_decode_encode_round_trip(tok, text):
    assert tok.decode(tok.encode(text)) == text


def test_special_tokens_are_single_distinct_ids(tok):
    ids = [tok.usr_id, tok.assist_id, tok.eot_id, tok.pad_id]
    assert len(set(ids)) == 4
    for token, token_id in zip(SPECIAL_TOKENS, ids):
        assert tok.tokenizer.token_to_id(token) == token_id
        assert tok.decode([token_id]) == token


def test_typed_control_strings_stay_plain_text(tok):
    ids = tok.encode("say <EOT> now <ASSIST>")
    assert not set(ids) & {tok.usr_id, tok.assist_id, tok.eot_id, tok.pad_id}


def test_encode_chat_places_control_ids(tok):
    messages = [{"role": "user", "content": "Hi <EOT>"}, {"role": "assistant", "content": "Hello"}]
    ids = tok.encode_chat(messages)
    assert ids[0] == tok.usr_id and ids[-1] == tok.eot_id
    assert ids.count(tok.eot_id) == 1 and ids.count(tok.assist_id) == 1  # the typed <EOT> is plain text
    prompt = tok.encode_chat(messages[:1], add_generation_prompt=True)
    assert ids[:len(prompt)] == prompt  # inference prompt is a prefix of the training rendering


def test_system_message_folds_into_next_user_turn(tok):
    with_system = tok.encode_chat([{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}])
    assert with_system == tok.encode_chat([{"role": "user", "content": "Be brief.\nHi"}])
    with pytest.raises(ValueError, match="unknown chat role"):
        tok.encode_chat([{"role": "robot", "content": "beep"}])


def test_save_load_round_trip(tok, tmp_path):
    tok.save(tmp_path)
    loaded = CustomTokenizer.load(tmp_path)
    assert loaded.encode("wombats and kangaroos") == tok.encode("wombats and kangaroos")
    assert loaded.eot_id == tok.eot_id and loaded.vocab_size == tok.vocab_size


def test_corrupt_or_missing_tokenizer_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no tokenizer"):
        CustomTokenizer.load(tmp_path)
    (tmp_path / "tokenizer.json").write_text("{not json")
    with pytest.raises(ValueError, match="corrupt"):
        CustomTokenizer.load(tmp_path)


def test_vocab_too_small_is_rejected():
    with pytest.raises(ValueError, match="at least 260"):
        CustomTokenizer().train(iter(TEXTS), vocab_size=100)


def test_chat_line_parse_and_render_round_trip():
    line = "<USR> What is 2 plus 2? <ASSIST> 2 plus 2 is 4. <EOT> <USR> Thanks! <ASSIST> No worries. <EOT>"
    messages = parse_chat_line(line)
    assert [m["role"] for m in messages] == ["user", "assistant", "user", "assistant"]
    assert messages[1]["content"] == "2 plus 2 is 4."
    assert chat_text(messages) == line
    assert parse_chat_line("just some prose") == []


def test_command_line_replaces_a_saved_tokenizer_only_when_asked(tmp_path):
    from conftest import run_script, write_chat_corpus
    corpus = write_chat_corpus(str(tmp_path / "c.txt"), conversations=100)
    out = str(tmp_path / "tok")
    assert run_script("tokenizer.py", ["train", corpus, out, "300"]).returncode == 0
    saved = (tmp_path / "tok" / "tokenizer.json").read_bytes()
    again = run_script("tokenizer.py", ["train", corpus, out, "280"])
    assert again.returncode == 1 and "--overwrite true" in again.stderr and "Traceback" not in again.stderr
    assert (tmp_path / "tok" / "tokenizer.json").read_bytes() == saved
    assert run_script("tokenizer.py", ["train", corpus, out, "280", "--overwrite", "true"]).returncode == 0
    assert CustomTokenizer.load(out).vocab_size == 280
