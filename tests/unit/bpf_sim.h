/* A classic-BPF simulator for seccomp filters, shared by the unit tests:
 * filters are tested as libseccomp tests its own, by running the generated
 * program over seccomp_data inputs. Include after <cmocka.h>. */
#ifndef TBX_TEST_BPF_SIM_H
#define TBX_TEST_BPF_SIM_H
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* Run prog over one input; fails the test on anything a seccomp filter
 * may not do (unknown opcode, load out of range, jump out of the
 * program, falling off its end). */
static uint32_t bpf_run(const struct sock_fprog *prog, const struct seccomp_data *sd)
{
	uint32_t A = 0, X = 0, M[BPF_MEMWORDS] = { 0 };
	unsigned pc = 0, steps = 0;

	while (pc < prog->len) {
		const struct sock_filter *f = &prog->filter[pc++];
		uint32_t k = f->k, src;

		if (++steps > 4096)
			fail_msg("filter runs too long");
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k % 4 || k > sizeof(*sd) - 4)
				fail_msg("pc %u: load at %u", pc - 1, k);
			memcpy(&A, (const char *)sd + k, 4);
			continue;
		case BPF_LD | BPF_W | BPF_LEN:
			A = sizeof(*sd);
			continue;
		case BPF_LDX | BPF_W | BPF_LEN:
			X = sizeof(*sd);
			continue;
		case BPF_LD | BPF_IMM:
			A = k;
			continue;
		case BPF_LDX | BPF_IMM:
			X = k;
			continue;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (k >= BPF_MEMWORDS)
				fail_msg("pc %u: scratch %u", pc - 1, k);
			if (f->code == (BPF_LD | BPF_MEM))
				A = M[k];
			else if (f->code == (BPF_LDX | BPF_MEM))
				X = M[k];
			else
				M[k] = f->code == BPF_ST ? A : X;
			continue;
		case BPF_MISC | BPF_TAX:
			X = A;
			continue;
		case BPF_MISC | BPF_TXA:
			A = X;
			continue;
		case BPF_RET | BPF_K:
			return k;
		case BPF_RET | BPF_A:
			return A;
		case BPF_JMP | BPF_JA:
			if (pc + k >= prog->len)
				fail_msg("pc %u: jump out", pc - 1);
			pc += k;
			continue;
		}
		src = BPF_SRC(f->code) == BPF_X ? X : k;
		if (BPF_CLASS(f->code) == BPF_ALU) {
			switch (BPF_OP(f->code)) {
			case BPF_ADD: A += src; break;
			case BPF_SUB: A -= src; break;
			case BPF_MUL: A *= src; break;
			case BPF_DIV:
				if (!src)
					fail_msg("pc %u: division by 0", pc - 1);
				A /= src;
				break;
			case BPF_MOD:
				if (!src)
					fail_msg("pc %u: division by 0", pc - 1);
				A %= src;
				break;
			case BPF_AND: A &= src; break;
			case BPF_OR: A |= src; break;
			case BPF_XOR: A ^= src; break;
			case BPF_LSH: A = src < 32 ? A << src : 0; break;
			case BPF_RSH: A = src < 32 ? A >> src : 0; break;
			case BPF_NEG: A = -A; break;
			default: fail_msg("pc %u: ALU op %#x", pc - 1, f->code);
			}
			continue;
		}
		if (BPF_CLASS(f->code) == BPF_JMP) {
			bool t;
			switch (BPF_OP(f->code)) {
			case BPF_JEQ: t = A == src; break;
			case BPF_JGT: t = A > src; break;
			case BPF_JGE: t = A >= src; break;
			case BPF_JSET: t = (A & src) != 0; break;
			default: fail_msg("pc %u: JMP op %#x", pc - 1, f->code); t = false;
			}
			pc += t ? f->jt : f->jf;
			if (pc >= prog->len)
				fail_msg("pc %u: jump out", pc);
			continue;
		}
		fail_msg("pc %u: unknown opcode %#x", pc - 1, f->code);
	}
	fail_msg("fell off the end of the filter");
	return 0;
}

#endif
