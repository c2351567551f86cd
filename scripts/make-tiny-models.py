#!/usr/bin/env python3
"""Write tiny random seq2seq models (Hugging Face layout) for testing the bert engine:

- marian: a Vietnamese-to-English translator (Marian, as opus-mt-vi-en), vocabulary trained on
  the Vietnamese sentences below;
- bart: an English summarizer (BART, as distilbart-cnn), vocabulary trained on English ones;
- m2m100: a multilingual translator (M2M100, as facebook/m2m100_418M) with the `__vi__` and
  `__en__` language tokens, its saved template starting with `__en__` as the hub's do.

d_model 32, 2 encoder + 2 decoder layers, a SentencePiece unigram vocabulary of a few hundred
pieces. The weights are random: the models prove that loading, generation and the pipeline's
plumbing work offline, not quality. Deterministic for a given seed.

Needs numpy, sentencepiece and safetensors (PyPI); no torch.
Usage: scripts/make-tiny-models.py marian|bart|m2m100 [OUT_DIR]   (default tests/fixtures/KIND-tiny)
"""
import io
import json
import pathlib
import sys

import numpy as np
import sentencepiece as spm
from safetensors.numpy import save_file

KIND = sys.argv[1] if len(sys.argv) > 1 else ""
if KIND not in ("marian", "bart", "m2m100"):
    sys.exit(__doc__)
OUT = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else f"tests/fixtures/{KIND}-tiny")
SEED = 20240601
D_MODEL, FFN, HEADS, LAYERS, MAX_POS = 32, 64, 2, 2, 128
# Special token ids: Marian's (no <s>), and BART's and M2M100's (as facebook/bart-large-cnn).
if KIND == "marian":
    BOS, EOS, UNK, PAD = -1, 0, 1, 2
else:
    BOS, PAD, EOS, UNK = 0, 1, 2, 3
# M2M100's language tokens, after the vocabulary; the first is the saved template's source.
LANGUAGES = ["__en__", "__vi__"] if KIND == "m2m100" else []

# Sentences written for this fixture, in the style of Vietnamese news.
TEXT = """\
Thủ tướng Chính phủ chủ trì cuộc họp về phát triển kinh tế xã hội.
Bộ Y tế khuyến cáo người dân tiêm vắc xin đầy đủ trước mùa dịch.
Hà Nội và Thành phố Hồ Chí Minh đẩy mạnh chuyển đổi số trong dịch vụ công.
Ngân hàng Nhà nước điều chỉnh lãi suất điều hành từ đầu tháng sau.
Quốc hội thảo luận dự án luật đất đai sửa đổi tại kỳ họp thứ sáu.
Giá xăng dầu trong nước giảm nhẹ theo xu hướng thị trường thế giới.
Đà Nẵng đón hơn một triệu lượt khách du lịch trong dịp nghỉ lễ.
Mưa lớn kéo dài gây ngập úng tại nhiều tỉnh miền Trung.
Bộ Giáo dục và Đào tạo công bố phương án thi tốt nghiệp trung học phổ thông.
Xuất khẩu nông sản sang các thị trường châu Âu tăng mạnh.
Chính quyền địa phương hỗ trợ các hộ dân bị ảnh hưởng bởi bão.
Doanh nghiệp nhỏ và vừa được tiếp cận nguồn vốn ưu đãi.
Đội tuyển bóng đá quốc gia giành chiến thắng trong trận giao hữu.
Các nhà khoa học nghiên cứu giống lúa chịu mặn cho đồng bằng sông Cửu Long.
Tổng cục Thống kê cho biết chỉ số giá tiêu dùng tăng nhẹ so với tháng trước.
Ủy ban nhân dân tỉnh phê duyệt quy hoạch khu công nghiệp mới.
Lực lượng cứu hộ đã tìm thấy các ngư dân mất tích trên biển.
Bệnh viện tuyến tỉnh được đầu tư thêm trang thiết bị hiện đại.
Hội nghị cấp cao bàn về hợp tác khu vực và an ninh hàng hải.
Người lao động được tăng lương tối thiểu vùng từ ngày một tháng bảy.
Sân bay quốc tế Long Thành dự kiến khai thác vào năm tới.
Cảnh sát giao thông tăng cường kiểm tra nồng độ cồn vào cuối tuần.
Học sinh trên cả nước bước vào năm học mới với nhiều đổi mới.
Thị trường chứng khoán phục hồi sau chuỗi phiên giảm điểm.
Việt Nam và Nhật Bản ký kết thỏa thuận hợp tác về năng lượng sạch.
Nông dân thu hoạch cà phê sớm do thời tiết thuận lợi.
Thành phố triển khai tuyến đường sắt đô thị đầu tiên.
Bộ Công Thương đề xuất cơ chế mua bán điện trực tiếp.
Nhiều tuyến phố bị cấm xe để phục vụ lễ hội đường phố.
Ngành du lịch đặt mục tiêu đón mười tám triệu khách quốc tế.
"""

# English news sentences written for the summarizer fixture.
ENGLISH = """\
The Prime Minister chaired a meeting on socio-economic development.
The Ministry of Health urged people to complete their vaccinations before the season.
Hanoi and Ho Chi Minh City stepped up digital transformation in public services.
The State Bank adjusted its policy interest rates from early next month.
The National Assembly discussed the revised land law at its sixth session.
Domestic fuel prices fell slightly in line with world markets.
Da Nang welcomed more than one million visitors during the holiday.
Heavy rain caused flooding in many central provinces.
Exports of farm produce to European markets rose sharply.
The provincial People's Committee approved the plan for a new industrial park.
Rescue forces found the missing fishermen at sea.
The summit discussed regional cooperation and maritime security.
Viet Nam and Japan signed an agreement on clean energy cooperation.
The Secretariat issued a directive on the work of the Party.
The conference had 500 delegates and ended in the afternoon.
"""


def train_tokenizer(work: pathlib.Path):
    corpus = work / "corpus.txt"
    corpus.write_text(ENGLISH if KIND == "bart" else TEXT, encoding="utf-8")
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_writer=model,
        model_type="unigram",
        vocab_size=400,
        hard_vocab_limit=False,
        character_coverage=1.0,
        normalization_rule_name="identity",
        eos_id=EOS,
        unk_id=UNK,
        pad_id=PAD,
        bos_id=BOS,
        num_threads=1,
        minloglevel=2,
    )
    return spm.SentencePieceProcessor(model_proto=model.getvalue())


def tokenizer_json(sp) -> dict:
    vocab = [[sp.id_to_piece(i), float(sp.get_score(i))] for i in range(sp.get_piece_size())]
    special = {EOS: "</s>", UNK: "<unk>", PAD: "<pad>"}
    if BOS >= 0:
        special[BOS] = "<s>"
    for i, tok in special.items():
        vocab[i] = [tok, 0.0]
    for tok in LANGUAGES:
        special[len(vocab)] = tok
        vocab.append([tok, 0.0])
    metaspace = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always", "split": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": tok, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, tok in sorted(special.items())
        ],
        "normalizer": {"type": "NFC"},
        "pre_tokenizer": metaspace,
        "post_processor": post_processor(),
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": UNK, "vocab": vocab, "byte_fallback": False},
    }


def post_processor() -> dict:
    """Marian: `A </s>`; BART: `<s> A </s>`; M2M100: `__en__ A </s>`."""
    seq = lambda name: {"Sequence": {"id": name, "type_id": 0}}
    tok = lambda name: {"SpecialToken": {"id": name, "type_id": 0}}
    special = {"</s>": {"id": "</s>", "ids": [EOS], "tokens": ["</s>"]}}
    if LANGUAGES:
        start = [tok(LANGUAGES[0])]
        special[LANGUAGES[0]] = {"id": LANGUAGES[0], "ids": [VOCAB], "tokens": [LANGUAGES[0]]}
    elif BOS >= 0:
        start = [tok("<s>")]
        special["<s>"] = {"id": "<s>", "ids": [BOS], "tokens": ["<s>"]}
    else:
        start = []
    return {
        "type": "TemplateProcessing",
        "single": start + [seq("A"), tok("</s>")],
        "pair": start + [seq("A"), seq("B"), tok("</s>")],
        "special_tokens": special,
    }


def sinusoidal(n_pos: int, dim: int) -> np.ndarray:
    """Marian's static position table: sines in the first half, cosines in the second."""
    pos = np.arange(n_pos)[:, None]
    j = np.arange(dim // 2)[None, :]
    angle = pos / np.power(10000, 2 * j / dim)
    return np.concatenate([np.sin(angle), np.cos(angle)], axis=1).astype(np.float32)


def weights(vocab_size: int) -> dict:
    rng = np.random.default_rng(SEED)

    def normal(*shape):
        return (rng.standard_normal(shape) * 0.3).astype(np.float32)

    if KIND == "m2m100":
        # Sinusoidal positions computed by the model itself; a final layer norm per side.
        t = {"model.shared.weight": normal(vocab_size, D_MODEL)}
        for side in ("encoder", "decoder"):
            t[f"model.{side}.layer_norm.weight"] = np.ones(D_MODEL, np.float32)
            t[f"model.{side}.layer_norm.bias"] = np.zeros(D_MODEL, np.float32)
    elif KIND == "marian":
        t = {
            "model.shared.weight": normal(vocab_size, D_MODEL),
            "model.encoder.embed_positions.weight": sinusoidal(MAX_POS, D_MODEL),
            "model.decoder.embed_positions.weight": sinusoidal(MAX_POS, D_MODEL),
            "final_logits_bias": np.zeros((1, vocab_size), np.float32),
        }
    else:
        # Learned positions, offset by 2 as in BART; a layer norm on the embeddings.
        t = {
            "model.shared.weight": normal(vocab_size, D_MODEL),
            "model.encoder.embed_positions.weight": normal(MAX_POS + 2, D_MODEL),
            "model.decoder.embed_positions.weight": normal(MAX_POS + 2, D_MODEL),
        }

    def linear(name, n_out, n_in):
        t[f"{name}.weight"] = normal(n_out, n_in)
        t[f"{name}.bias"] = normal(n_out)

    def norm(name):
        t[f"{name}.weight"] = np.ones(D_MODEL, np.float32)
        t[f"{name}.bias"] = np.zeros(D_MODEL, np.float32)

    def attention(name):
        for proj in ("q_proj", "k_proj", "v_proj", "out_proj"):
            linear(f"{name}.{proj}", D_MODEL, D_MODEL)

    for side in ("encoder", "decoder"):
        if KIND == "bart":
            norm(f"model.{side}.layernorm_embedding")
        for i in range(LAYERS):
            layer = f"model.{side}.layers.{i}"
            attention(f"{layer}.self_attn")
            norm(f"{layer}.self_attn_layer_norm")
            if side == "decoder":
                attention(f"{layer}.encoder_attn")
                norm(f"{layer}.encoder_attn_layer_norm")
            linear(f"{layer}.fc1", FFN, D_MODEL)
            linear(f"{layer}.fc2", D_MODEL, FFN)
            norm(f"{layer}.final_layer_norm")
    return t


def config(vocab_size: int) -> dict:
    if KIND == "marian":
        return marian_config(vocab_size)
    if KIND == "m2m100":
        return {
            **marian_config(vocab_size),
            "model_type": "m2m_100",
            "architectures": ["M2M100ForConditionalGeneration"],
            "activation_function": "relu",
            "bos_token_id": BOS,
            "decoder_start_token_id": EOS,
            "scale_embedding": True,
        }
    return {
        **marian_config(vocab_size),
        "model_type": "bart",
        "architectures": ["BartForConditionalGeneration"],
        "activation_function": "gelu",
        "bos_token_id": BOS,
        "decoder_start_token_id": EOS,
        "forced_bos_token_id": BOS,
        "scale_embedding": False,
        "normalize_embedding": True,
        "static_position_embeddings": False,
    }


def marian_config(vocab_size: int) -> dict:
    return {
        "model_type": "marian",
        "architectures": ["MarianMTModel"],
        "vocab_size": vocab_size,
        "d_model": D_MODEL,
        "encoder_layers": LAYERS,
        "decoder_layers": LAYERS,
        "num_hidden_layers": LAYERS,
        "encoder_attention_heads": HEADS,
        "decoder_attention_heads": HEADS,
        "encoder_ffn_dim": FFN,
        "decoder_ffn_dim": FFN,
        "encoder_layerdrop": 0.0,
        "decoder_layerdrop": 0.0,
        "activation_function": "swish",
        "max_position_embeddings": MAX_POS,
        "dropout": 0.1,
        "attention_dropout": 0.0,
        "activation_dropout": 0.0,
        "init_std": 0.02,
        "pad_token_id": PAD,
        "eos_token_id": EOS,
        "bos_token_id": EOS,
        "decoder_start_token_id": PAD,
        "forced_eos_token_id": EOS,
        "is_encoder_decoder": True,
        "scale_embedding": True,
        "normalize_embedding": False,
        "static_position_embeddings": True,
        "add_final_layer_norm": False,
        "normalize_before": False,
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    sp = train_tokenizer(OUT)
    (OUT / "corpus.txt").unlink()
    global VOCAB
    VOCAB = sp.get_piece_size()  # the first language token's id
    n = VOCAB + len(LANGUAGES)
    dump = lambda obj: json.dumps(obj, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (OUT / "tokenizer.json").write_text(dump(tokenizer_json(sp)), encoding="utf-8")
    special = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
    if BOS >= 0:
        special["bos_token"] = "<s>"
    (OUT / "special_tokens_map.json").write_text(dump(special), encoding="utf-8")
    (OUT / "config.json").write_text(dump(config(n)), encoding="utf-8")
    save_file(weights(n), str(OUT / "model.safetensors"))
    print(f"{OUT}: vocabulary {n}, {sum(f.stat().st_size for f in OUT.iterdir())} bytes")


if __name__ == "__main__":
    main()
